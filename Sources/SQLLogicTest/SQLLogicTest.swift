// SQLLogicTest
